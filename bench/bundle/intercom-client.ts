// One-call browser consumer for the bundle-size figure (bench/sizes.ts).
import { IntercomClient, IntercomEnvironment } from "intercom-client";

const client = new IntercomClient({
  token: "token",
  environment: IntercomEnvironment.EuProduction,
  version: "2.10",
});
const contact = await client.contacts.find({ contact_id: "c1" });
console.log(contact.email);
