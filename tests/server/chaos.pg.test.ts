// The seeded chaos simulation, one test per seed: 20 devices, a faulty network, service restarts,
// access tokens that run out mid-push and mid-pull, lost refresh answers and a revoked device.
// tests/server/chaos.support.ts says what it does and what it checks (convergence, I3, I7);
// chaosSeries.ts which seeds run. This file runs the 1st, 3rd, … seed; chaos.second.pg.test.ts the others.
import { describeChaosSeries } from './chaosSeries';

describeChaosSeries(0);
