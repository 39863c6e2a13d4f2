import { Screen } from './Screen';

/** /contactpersonen: the fixed contacts per school (filled by sync later). */
export class ContactPersonsPage extends Screen {
  readonly path = '/contactpersonen';
  readonly heading = 'Contactpersonen';
}
