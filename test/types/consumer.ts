// Consumer code, as a user writes it against the published package ("intercom-fetch" resolves
// through package.json exports to dist/). Compiled by test/types.test.ts with strict tsc and
// skipLibCheck: false. Every @ts-expect-error must be needed, or tsc fails.
import { expectTypeOf } from "expect-type";
import {
  createIntercom,
  IntercomApiError,
  IntercomRateLimitError,
  operations,
  paginatedOperations,
  unwrap,
  type components,
  type Page,
  type PageCursor,
  type paths,
} from "intercom-fetch";

type Contact = components["schemas"]["contact"];

/**
 * Mutual assignability. openapi-fetch passes response types through its Readable<> helper, which
 * is structurally the same type but not identical to the one expect-type's toEqualTypeOf wants.
 */
function sameType<A, B>(..._proof: [A] extends [B] ? ([B] extends [A] ? [] : [never]) : [never]): void {}

export async function consumer(token: string): Promise<void> {
  const intercom = createIntercom({ token, region: "eu", maxRetries: 3, timeoutMs: 10_000 });
  // A contact id is 24 hex digits, a string (2.10 typed this path parameter as an integer).
  const contactId = "6657ad1d6abd0166b52ae2d4";

  // Path parameters are required and typed.
  const { data, error, response } = await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } });
  sameType<typeof data, Contact | undefined>();
  // @ts-expect-error the harness itself: a contact is not an admin
  sameType<typeof data, components["schemas"]["admin"] | undefined>();
  expectTypeOf(response).toEqualTypeOf<Response>();
  if (error) expectTypeOf(error).not.toBeAny();
  // @ts-expect-error the id path parameter is required
  await intercom.GET("/contacts/{id}");
  // @ts-expect-error the id path parameter is required
  await intercom.GET("/contacts/{id}", { params: { path: {} } });

  // Request bodies are typed.
  await intercom.POST("/contacts/{id}/notes", {
    params: { path: { id: contactId } },
    body: { body: "hi", admin_id: "7" },
  });
  // @ts-expect-error a contact id is a string, not a number
  await intercom.POST("/contacts/{id}/notes", { params: { path: { id: 1 } }, body: { body: "hi" } });
  await intercom.POST("/contacts/{id}/notes", {
    params: { path: { id: contactId } },
    // @ts-expect-error body.body is required for a note
    body: { admin_id: "7" },
  });
  // @ts-expect-error body.body is a string
  await intercom.POST("/contacts/{id}/notes", { params: { path: { id: contactId } }, body: { body: 42 } });

  // Unknown paths and wrong methods do not compile.
  // @ts-expect-error not an Intercom 2.10 path
  await intercom.GET("/contactz");
  // @ts-expect-error /contacts/search is POST only
  await intercom.GET("/contacts/search");

  // Intercom-Version: only the version the types describe.
  createIntercom({ token, version: "2.10" });
  // @ts-expect-error the types describe 2.10, not 2.11
  createIntercom({ token, version: "2.11" });
  // @ts-expect-error not an Intercom-Version at all
  await intercom.GET("/me", { params: { header: { "Intercom-Version": "3.0" } } });
  // @ts-expect-error region is us, eu or au
  createIntercom({ token, region: "ca" });

  // Per-request policy options are typed.
  await intercom.GET("/me", { maxRetries: 0, timeoutMs: 500, retry: { retryNonIdempotent: false } });
  // @ts-expect-error maxRetries is a number
  await intercom.GET("/me", { maxRetries: "3" });
  // @ts-expect-error a misspelt option is caught, not ignored
  await intercom.GET("/me", { maxRetires: 0 });

  // One-line data-or-throw.
  const contact = unwrap(await intercom.GET("/contacts/{id}", { params: { path: { id: "c1" } } }));
  sameType<typeof contact, Contact>();

  // Pagination: only paginated paths, typed items and pages.
  for await (const item of intercom.paginate("/contacts", { params: { query: { per_page: 50 } } })) {
    expectTypeOf(item).toEqualTypeOf<Contact>();
  }
  for await (const page of intercom
    .paginate("/contacts/search", {
      body: {
        query: { field: "email", operator: "~", value: "@example.com" },
        pagination: { per_page: 150 },
      },
    })
    .pages()) {
    expectTypeOf(page).toEqualTypeOf<Page<"/contacts/search">>();
    expectTypeOf(page.items).toEqualTypeOf<Contact[]>();
    expectTypeOf(page.nextCursor).toEqualTypeOf<PageCursor | undefined>();
  }
  for await (const conversation of intercom.paginate("/conversations")) {
    expectTypeOf(conversation).toEqualTypeOf<components["schemas"]["conversation_list_item"]>();
  }
  for await (const article of intercom.paginate("/articles/search", { params: { query: { phrase: "x" } } })) {
    expectTypeOf(article).toEqualTypeOf<components["schemas"]["article"]>();
  }
  for await (const note of intercom.paginate("/contacts/{id}/notes", {
    params: { path: { id: contactId } },
    maxItems: 10,
  })) {
    expectTypeOf(note).toEqualTypeOf<components["schemas"]["note"]>();
  }
  // @ts-expect-error /me is not paginated
  intercom.paginate("/me");
  // @ts-expect-error the contact id is required
  intercom.paginate("/contacts/{id}/notes");

  // Errors.
  try {
    await intercom.GET("/me");
  } catch (caught) {
    if (caught instanceof IntercomRateLimitError)
      expectTypeOf(caught.resetAt).toEqualTypeOf<Date | undefined>();
    if (caught instanceof IntercomApiError) {
      expectTypeOf(caught.status).toEqualTypeOf<number>();
      expectTypeOf(caught.requestId).toEqualTypeOf<string | undefined>();
    }
  }
}

// Every operation in the generated inventory is a real (path, method) of the typed client.
type Inventory = (typeof operations)[number];
type Callable<O> = O extends { path: infer P extends keyof paths; method: infer M extends string }
  ? M extends keyof paths[P]
    ? undefined extends paths[P][M]
      ? false
      : true
    : false
  : false;
expectTypeOf<Callable<Inventory>>().toEqualTypeOf<true>();
expectTypeOf<keyof typeof paginatedOperations>().toExtend<keyof paths>();
