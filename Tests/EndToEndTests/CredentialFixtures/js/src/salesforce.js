const jsforce = require('jsforce');
const conn = new jsforce.Connection({ loginUrl: 'https://login.salesforce.com' });
conn.login('ops@acme.io', 'salesforcepassword', function (err, res) {
  if (err) { return console.error(err); }
});
const dbPassword = "Winter2024!";
const cachePassword = process.env.CACHE_PASSWORD;
