// List every contact in the workspace, one line each (id, email) on stdout, with progress on stderr.
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/list-contacts.ts > contacts.tsv
import { connect } from "./connect.js";

const intercom = connect();
const started = Date.now();
let count = 0;
// 150 is Intercom's largest page; paginate() follows `pages.next` until the last page.
for await (const page of intercom.paginate("/contacts", { params: { query: { per_page: 150 } } }).pages()) {
  for (const contact of page.items) {
    count++;
    console.log(`${contact.id}\t${contact.email ?? ""}`);
  }
  // page.nextCursor is what to pass as `cursor` to resume here after a crash.
  console.error(`… ${count} contacts (${((Date.now() - started) / 1000).toFixed(1)} s)`);
}
console.error(`done: ${count} contacts`);
