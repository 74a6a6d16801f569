// Prints jest's result as one closing line, "jest: N passed, N failed", and fails when jest did.
const fs = require('fs');

const file = process.argv[2];
let results;
try {
	results = JSON.parse(fs.readFileSync(file, 'utf8'));
} catch (error) {
	console.log(`jest: no results in ${file} (${error.message})`);
	console.log('jest: 0 passed, 1 failed');
	process.exit(1);
}
const failed = results.numFailedTests + results.numRuntimeErrorTestSuites;
console.log(`jest: ${results.numPassedTests} passed, ${failed} failed`);
process.exit(results.success && failed === 0 && results.numPassedTests > 0 ? 0 : 1);
