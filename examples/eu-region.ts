// A workspace hosted in Intercom's EU (or Australian) data centre has its own API host, and its token
// only works there. Pick the host with `region`; the client sends every request, pagination links
// included, to that host only.
//   INTERCOM_ACCESS_TOKEN=… npx tsx examples/eu-region.ts
import { regions, unwrap } from "intercom-fetch";
import { connect } from "./connect.js";

for (const [region, host] of Object.entries(regions)) console.log(`${region}\t${host}`);

const intercom = connect({ region: "eu" });
const me = unwrap(await intercom.GET("/me"));
console.log(`connected to ${intercom.baseUrl} as ${me?.email ?? me?.id ?? "?"}`);
