// Prints, after Jest's own summary, one line naming every group of specs this run left out for want of a
// service (see tools/test-services.js), so a partial run never passes for a full one.
const { summaryLine } = require('./test-services');

class LeftOutReporter {
  onRunComplete() {
    // Jest's summary reporter runs after custom ones; the exit hook puts this line after its summary.
    process.once('exit', () => process.stderr.write(`${summaryLine()}\n`));
  }
}

module.exports = LeftOutReporter;
