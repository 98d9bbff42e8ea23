// Create contacts from a list of emails, each exactly once, without tripping the rate limit.
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/create-contacts.ts ada@example.com grace@example.com
//
// - A 429 is retried by the client after the wait Intercom asks for: Intercom rejects a rate-limited
//   request before doing anything, so repeating it cannot create a duplicate.
// - A 5xx, timeout or dropped connection on a POST is NOT retried (Intercom may have created the
//   contact before failing), so on such an error we look the email up before trying again.
// - The client paces itself under the rate limit (on by default): when the window's budget is spent,
//   calls wait for its reset instead of hitting 429s, so this loop needs no pacing of its own.
import {
  IntercomApiError,
  IntercomConflictError,
  IntercomConnectionError,
  IntercomServerError,
  IntercomTimeoutError,
  unwrap,
} from "intercom-fetch";
import { connect } from "./connect.js";

const emails = process.argv.slice(2);
if (emails.length === 0) {
  console.error("usage: create-contacts.ts email…");
  process.exit(2);
}
const intercom = connect();

async function findByEmail(email: string): Promise<string | undefined> {
  const found = unwrap(
    await intercom.POST("/contacts/search", {
      body: { query: { field: "email", operator: "=", value: email } },
    }),
  );
  return found.data?.[0]?.id;
}

async function createOnce(email: string): Promise<string> {
  const existing = await findByEmail(email);
  if (existing) return `exists\t${existing}\t${email}`;
  try {
    const created = unwrap(await intercom.POST("/contacts", { body: { role: "user", email } }));
    return `created\t${created.id}\t${email}`;
  } catch (error) {
    if (error instanceof IntercomConflictError)
      return `exists\t${(await findByEmail(email)) ?? "?"}\t${email}`;
    const outcomeUnknown =
      error instanceof IntercomServerError ||
      error instanceof IntercomTimeoutError ||
      error instanceof IntercomConnectionError;
    if (!outcomeUnknown) throw error;
    const afterAll = await findByEmail(email);
    if (afterAll) return `created\t${afterAll}\t${email}`;
    throw error; // not created: safe to run again
  }
}

let failures = 0;
for (const email of emails) {
  try {
    console.log(await createOnce(email));
  } catch (error) {
    failures++;
    const detail = error instanceof IntercomApiError ? `${error.status} ${error.code ?? ""}` : String(error);
    console.error(`failed\t${email}\t${detail}`);
  }
}
process.exitCode = failures === 0 ? 0 : 1;
