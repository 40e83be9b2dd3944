import { describe } from 'vitest';
import { deliveryContract } from './store-contract/deliveries.js';
import { type Adapter, adaptersUnderTest } from './store-contract/harness.js';

/** The behaviour every Store adapter must have, registered once per adapter. */
function storeContract(adapter: Adapter): void {
  deliveryContract(adapter);
}

// Built at load time so that an unset TEST_DATABASE_URL leaves no skipped PostgreSQL test behind.
describe.each(adaptersUnderTest())('Store on $name', storeContract);
