// One-call browser consumer for the bundle-size figure (bench/sizes.ts).
import { createIntercom } from "intercom-fetch";

const intercom = createIntercom({ token: "token", region: "eu" });
const { data } = await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
console.log(data?.email);
