// How every example gets its client. The token comes from INTERCOM_ACCESS_TOKEN (createIntercom
// reads it), the region from INTERCOM_REGION (us, eu or au; default us). INTERCOM_BASE_URL points the
// client at another server instead, such as the local mock that CI runs these examples against.
import { createIntercom, type IntercomClient, type IntercomOptions, type Region } from "intercom-fetch";

export function connect(options: IntercomOptions = {}): IntercomClient {
  const baseUrl = process.env["INTERCOM_BASE_URL"];
  if (baseUrl) return createIntercom({ ...options, region: undefined, baseUrl });
  const region = (process.env["INTERCOM_REGION"] ?? "us") as Region; // checked by createIntercom
  return createIntercom({ region, ...options });
}
