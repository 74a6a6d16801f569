// The closing line of `npm run test:all`: jest's, the end-to-end, queue and editor suites' counts together,
// as "all: N passed, N failed". Fails when either suite did or left no results.
const fs = require('fs');

function read(file) {
	try {
		return JSON.parse(fs.readFileSync(file, 'utf8'));
	} catch {
		return undefined;
	}
}

const jest = read('.jest-results.json');
const e2e = read('.e2e-results.json');
const queue = read('.queue-results.json');
const editor = read('.editor-results.json');
const passed =
	(jest ? jest.numPassedTests : 0) +
	(e2e ? e2e.passed : 0) +
	(queue ? queue.passed : 0) +
	(editor ? editor.passed : 0);
const failed =
	(jest ? jest.numFailedTests + jest.numRuntimeErrorTestSuites : 1) +
	(e2e ? e2e.failed : 1) +
	(queue ? queue.failed : 1) +
	(editor ? editor.failed : 1);
console.log(`all: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);
