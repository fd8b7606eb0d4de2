// The header every admin page shares.
document.body.prepend(Object.assign(document.createElement('header'), {
  innerHTML: `<strong>XcAspire admin</strong>
    <a href="/admin/import-meet">Import a meet</a>
    <a href="/admin/jobs">Jobs</a>
    <a href="/scalar">API reference</a>
    <form method="post" action="/admin/logout" style="margin:0"><button class="secondary" type="submit">Sign out</button></form>`,
}));
