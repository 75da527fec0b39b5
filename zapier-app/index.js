// Zapier loads the app from here: the esbuild bundle of src/ (with the shared core inside), built
// by `npm run build` (Zapier's CLI runs it through `_zapier-build`). Zapier's runtime does not
// unwrap an ES module's default export, so it is unwrapped here.
const m = require('./dist/index.js');
module.exports = m.default || m;
