// Runs once before the test files (.taprc `before`): builds the template databases every test
// copies, so that the demo data and the scrypt-hashed test accounts are made once per run.
import { pruneTemplates, templateFile } from './helper.js';

pruneTemplates();
await templateFile(true);
await templateFile(false);
