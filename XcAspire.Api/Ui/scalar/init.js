// Offline: no CDN fonts; the document is the API's own OpenAPI file. A file, not an inline script:
// the page's Content-Security-Policy runs only the API's own scripts.
Scalar.createApiReference('#app', {
  url: '/openapi/v1.json',
  withDefaultFonts: false,
});
