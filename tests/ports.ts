// Where the e2e tests find the built site. `cargo xtask test` picks two free loopback ports
// and passes them in, so parallel runs in other checkouts don't collide.
export const port = Number(process.env.FWPOLICY_E2E_PORT ?? '4173');
export const subPathPort = Number(process.env.FWPOLICY_E2E_SUBPATH_PORT ?? String(port + 1));

/** The site served from the root of a host: `node serve.mjs --root ../dist`. */
export const rootURL = `http://127.0.0.1:${port}/`;
/** The same build served under a sub-path (`/dist/` of the repository root). */
export const subPathURL = `http://127.0.0.1:${subPathPort}/dist/`;
