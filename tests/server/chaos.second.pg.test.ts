// The other half of the chaos series (chaosSeries.ts): the 2nd, 4th, … seed, in a file of its own so
// that it runs in the second test worker, next to chaos.pg.test.ts.
import { describeChaosSeries } from './chaosSeries';

describeChaosSeries(1);
