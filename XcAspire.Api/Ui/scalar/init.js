// Offline: no CDN fonts; the document is the API's own OpenAPI file. The admin token goes in the
// reference's bearer field (the document's AdminToken scheme). A file, not an inline script: the
// page's Content-Security-Policy runs only the API's own scripts.
Scalar.createApiReference('#app', {
  url: '/openapi/v1.json',
  withDefaultFonts: false,
  authentication: { preferredSecurityScheme: 'AdminToken' },
});
