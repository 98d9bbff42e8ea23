// The fake Intercom in its own process, so that the benchmark measures only the client's memory.
import { startFakeIntercom } from "../test/support/fake-intercom.js";
import { installLists } from "../test/support/lists.js";

const count = Number(process.argv[2] ?? 100_000);
const fake = await startFakeIntercom();
installLists(fake, { count, defaultPerPage: 150 });
process.stdout.write(`${fake.url}\n`);
process.on("SIGTERM", () => void fake.close().then(() => process.exit(0)));
