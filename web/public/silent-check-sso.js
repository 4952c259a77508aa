// keycloak-js's silent SSO check: hand the redirect back to the page that opened this frame.
// A file of its own, not inline, so the console's Content-Security-Policy needs no 'unsafe-inline'.
parent.postMessage(location.href, location.origin);
