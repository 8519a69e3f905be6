/**
 * Prints the one closing line CI reads: `N passed, N failed` (jest prints no such line itself).
 * Suites that fail to run at all count as failed tests too, so a broken file is never silent.
 */
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const failedSuites = results.testResults.filter(
      (suite) => suite.testExecError || (suite.failureMessage && suite.numFailingTests === 0),
    ).length;
    const failed = results.numFailedTests + failedSuites;
    const skipped = results.numPendingTests + results.numTodoTests;
    const line =
      `${results.numPassedTests} passed, ${failed} failed` +
      (skipped ? `, ${skipped} skipped` : '');
    process.stdout.write(`\n${line}\n`);
  }
}
module.exports = SummaryReporter;
