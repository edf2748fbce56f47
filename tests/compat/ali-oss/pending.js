// Rows expected to FAIL today, one name per line, because `ossxfer serve`
// does not implement what they exercise yet (issue 13, section 2). The suite
// passes only if every pending row fails (with V1 and with V4) and every
// other row passes: a pending row that passes fails the suite, so that
// whoever implements the feature removes its line here in the same change.
// `node run.js --ignore-pending` runs as if this list were empty.

const PENDING = [
];

module.exports = { PENDING };
