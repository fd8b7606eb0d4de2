// The header every admin page shares.
import { signOut } from '/admin/api.js';

const header = Object.assign(document.createElement('header'), {
  innerHTML: `<strong>XcAspire admin</strong>
    <a href="/admin/import-meet">Import</a>
    <a href="/admin/folders">Folders</a>
    <a href="/admin/jobs">Jobs</a>
    <a href="/admin/review">Review</a>
    <a href="/scalar">API reference</a>
    <button id="sign-out" class="secondary" type="button">Sign out</button>`,
});
header.querySelector('#sign-out').addEventListener('click', signOut);
document.body.prepend(header);
