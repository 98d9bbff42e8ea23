// Two ways to handle a failed call: errors as values (openapi-fetch's style), or unwrap() and typed
// exceptions, one class per kind of failure.
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/handle-errors.ts <contact id>
import {
  IntercomApiError,
  IntercomAuthenticationError,
  IntercomConnectionError,
  IntercomError,
  IntercomNotFoundError,
  IntercomRateLimitError,
  IntercomTimeoutError,
  unwrap,
  type components,
} from "intercom-fetch";
import { connect } from "./connect.js";

const id = process.argv[2] ?? "no-such-contact";
const intercom = connect();

// 1. Errors as values: nothing is thrown for an HTTP error; `error` is the typed error body.
const { data, error, response } = await intercom.GET("/contacts/{id}", { params: { path: { id } } });
if (error) console.log(`as a value: HTTP ${response.status}, ${error.errors?.[0]?.code ?? "no code"}`);
else console.log(`as a value: found ${data?.id}`);

// 2. unwrap(): the data, or an exception whose class says what went wrong.
async function findContact(contactId: string): Promise<components["schemas"]["contact"] | null> {
  try {
    // A shorter timeout than the 30 s default, for an interactive lookup.
    return unwrap(
      await intercom.GET("/contacts/{id}", { params: { path: { id: contactId } }, timeoutMs: 5_000 }),
    );
  } catch (failure) {
    if (failure instanceof IntercomNotFoundError) return null;
    throw failure;
  }
}

try {
  const contact = await findContact(id);
  console.log(contact ? `thrown: found ${contact.id}` : `thrown: no contact ${id} (IntercomNotFoundError)`);
} catch (failure) {
  if (failure instanceof IntercomAuthenticationError) console.error("the token is wrong or revoked (401)");
  else if (failure instanceof IntercomRateLimitError)
    console.error(`rate limited until ${failure.resetAt?.toISOString() ?? "later"}`);
  else if (failure instanceof IntercomApiError)
    console.error(
      `${failure.name}: HTTP ${failure.status} ${failure.code ?? ""} (request ${failure.requestId ?? "?"})`,
    );
  else if (failure instanceof IntercomTimeoutError || failure instanceof IntercomConnectionError)
    console.error(`network: ${failure.message}`);
  else if (failure instanceof IntercomError) console.error(failure.message);
  else throw failure;
  process.exitCode = 1;
}
