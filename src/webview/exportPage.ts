// Entry of the exported page's script (esbuild.media.js → media/dist/export.js): the local host
// first (it provides acquireVsCodeApi), then the panel's own renderer, unchanged.
import './exportHost';
import './panel';
