// The four clients of the per-request benchmark, each reduced to "GET /contacts/{id}, parsed". All
// send a bearer token, Intercom-Version: 2.10 and Accept: application/json over Node's global fetch
// (undici, keep-alive) to the same local server.
import createClient from "openapi-fetch";
import { IntercomClient } from "intercom-client";
// The built package (as users run it), not src/: tsconfig.json maps "intercom-fetch" to src/ for tsx.
import { createIntercom, unwrap, type paths } from "../dist/esm/src/index.js";

export const CLIENTS = ["raw fetch", "openapi-fetch", "intercom-fetch", "intercom-client"] as const;
export type ClientName = (typeof CLIENTS)[number];
export type GetContact = (id: string) => Promise<{ id?: unknown }>;

const TOKEN = "bench-token";

export function makeClient(name: ClientName, baseUrl: string): GetContact {
  switch (name) {
    case "raw fetch": {
      const headers = {
        Authorization: `Bearer ${TOKEN}`,
        "Intercom-Version": "2.10",
        Accept: "application/json",
      };
      return async (id) => {
        const response = await fetch(`${baseUrl}/contacts/${encodeURIComponent(id)}`, { headers });
        if (!response.ok) throw new Error(`raw fetch: HTTP ${response.status}`);
        return (await response.json()) as { id?: unknown };
      };
    }
    case "openapi-fetch": {
      const client = createClient<paths>({
        baseUrl,
        headers: { Authorization: `Bearer ${TOKEN}`, "Intercom-Version": "2.10", Accept: "application/json" },
      });
      return async (id) => {
        const { data, response } = await client.GET("/contacts/{id}", { params: { path: { id } } });
        if (!data) throw new Error(`openapi-fetch: HTTP ${response.status}`);
        return data;
      };
    }
    case "intercom-fetch": {
      // Defaults: retries on (2), 30 s timeout, rate-limit tracking.
      const intercom = createIntercom({ token: TOKEN, baseUrl });
      return async (id) => unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id } } }));
    }
    case "intercom-client": {
      // Defaults: retries on (2); version pinned so that it sends the same Intercom-Version.
      const client = new IntercomClient({ token: TOKEN, baseUrl, version: "2.10" });
      return async (id) => client.contacts.find({ contact_id: id });
    }
  }
}
