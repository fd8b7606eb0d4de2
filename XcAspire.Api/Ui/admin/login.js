// The sign-in form returns to the page that sent the browser here (the server accepts admin paths only).
const query = new URLSearchParams(location.search);
document.getElementById('return').value = query.get('return') || '/admin/import-meet';
if (query.has('failed')) document.getElementById('failed').classList.remove('hidden');
