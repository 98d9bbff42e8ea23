// One-call browser consumer for the bundle-size figure (bench/sizes.ts).
import createClient from "openapi-fetch";
import type { paths } from "intercom-fetch";

const client = createClient<paths>({
  baseUrl: "https://api.eu.intercom.io",
  headers: { Authorization: "Bearer token", "Intercom-Version": "2.10" },
});
const { data } = await client.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
console.log(data?.email);
