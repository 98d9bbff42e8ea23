// The stateful routes: admins, contacts (with their tags, notes and companies), companies,
// conversations (parts: reply, assign, snooze, close, open; tags), tickets, tags and data events.
// Each handler is typed by its path and method, so what it answers is the operation's response type.
import type { apiVersion } from "../../generated/metadata.js";
import type { RecordedRequest, Reply } from "./engine.js";
import type { FakeMethod, OnFunction } from "./handler-types.js";
import {
  adminOf,
  companyDefaults,
  contactDefaults,
  conversationDefaults,
  cursorPage,
  failure,
  fieldsOf,
  matches,
  notFound,
  now,
  numberedPage,
  perPageOf,
  queryProblem,
  ticketDefaults,
  type Company,
  type Contact,
  type Conversation,
  type ConversationPart,
  type FakeState,
  type Tag,
} from "./state.js";

/** Registers a typed handler (FakeIntercom's `on`). */
export type On = typeof apiVersion extends "2.10" ? OnFunction<unknown> : LooseOn;
/** An item of a list of references (a contact's tags, companies): what the routes read and write of it. */
type Ref = { type?: string; id?: string | undefined; url?: string };
/** `on` against another version's types (see Pinned in ./state.ts): any path, any reply. */
type LooseOn = (
  method: FakeMethod,
  path: string,
  handler: (
    request: RecordedRequest & { params: Record<"id" | "contact_id" | "conversation_id", string> },
  ) => Reply,
) => unknown;

const str = (value: unknown) => (typeof value === "string" && value !== "" ? value : undefined);
const invalidPerPage = () =>
  failure(400, "parameter_invalid", "per_page must be a whole number from 1 to 150");
const invalidCursor = () =>
  failure(400, "parameter_invalid", "starting_after is not a cursor this list gave");
const invalidPage = () => failure(400, "parameter_invalid", "page must be a whole number, 1 or more");

/** A GET of one record by the path's id: the record, or Intercom's 404 naming it `what`. */
const getById =
  <T>(records: Map<string, T>, what: string) =>
  ({ params }: { params: { id: string } }) => {
    const record = records.get(params.id);
    return record ? { json: record } : notFound(what, params.id);
  };

/** One page of a list, as cursorPage and numberedPage give it. */
type Page<T, Pages> = { slice: T[]; total_count: number; pages: Pages };

/** Intercom's `conversation.list` envelope around one page. */
const conversationListOf = <Pages>(page: Page<Conversation, Pages>) => ({
  json: {
    type: "conversation.list" as const,
    conversations: page.slice,
    total_count: page.total_count,
    pages: page.pages,
  },
});

/** Intercom's `list` envelope around one page. */
const listOf = <T, Pages>(page: Page<T, Pages>) => ({
  json: { type: "list" as const, data: page.slice, total_count: page.total_count, pages: page.pages },
});

/** One page of a list by cursor (pages.next holds the next page's starting_after). */
type CursorPage<T> = NonNullable<ReturnType<typeof cursorPage<T>>>;

/**
 * One page of `items` by the query's per_page and starting_after, in its envelope, or the 400 for a
 * bad per_page or cursor.
 */
function cursorList<T, R>(
  items: T[],
  query: URLSearchParams,
  defaultPerPage: number,
  envelope: (page: CursorPage<T>) => R,
) {
  const perPage = perPageOf(query.get("per_page"), defaultPerPage);
  if (perPage === undefined) return invalidPerPage();
  const page = cursorPage(items, perPage, query.get("starting_after"));
  return page ? envelope(page) : invalidCursor();
}

/** One page of `items` by the query's per_page and page number, in a `list`, or the 400 for a bad one. */
function numberedList<T>(items: T[], query: URLSearchParams, defaultPerPage: number, maxPerPage?: number) {
  const perPage = perPageOf(query.get("per_page"), defaultPerPage, maxPerPage);
  if (perPage === undefined) return invalidPerPage();
  const page = numberedPage(items, perPage, query.get("page"));
  return page ? listOf(page) : invalidPage();
}

/** Which fields of a contact a create or an update may set. */
const CONTACT_FIELDS = [
  "role",
  "external_id",
  "email",
  "phone",
  "name",
  "avatar",
  "signed_up_at",
  "last_seen_at",
  "owner_id",
  "unsubscribed_from_emails",
  "custom_attributes",
] as const;

function pick(body: Record<string, unknown>, fields: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(fields.filter((f) => body[f] !== undefined).map((f) => [f, body[f]]));
}

/**
 * One page (by cursor) of the records a search body's query matches, in its envelope, or a 400
 * naming what is wrong.
 */
function searchList<T, R>(
  records: Iterable<T>,
  json: unknown,
  defaultPerPage: number,
  envelope: (page: CursorPage<T>) => R,
) {
  const body = fieldsOf(json);
  const problem = body["query"] === undefined ? "query is required" : queryProblem(body["query"]);
  const pagination = fieldsOf(body["pagination"]);
  const perPage = perPageOf(pagination["per_page"], defaultPerPage);
  if (problem) return failure(400, "invalid_query", problem);
  if (perPage === undefined) return invalidPerPage();
  const found = [...records].filter((record) => matches(record, body["query"]));
  const page = cursorPage(found, perPage, pagination["starting_after"]);
  return page ? envelope(page) : invalidCursor();
}

export function installResources(on: On, state: FakeState): void {
  // ---- admins
  const me = () => state.admins.get(state.me) ?? adminOf({}, state.me);
  on("GET", "/me", () => {
    // /me's avatar is an object where /admins has a URL.
    const { avatar, ...admin } = me();
    return {
      json: {
        ...admin,
        ...(typeof avatar === "string" ? { avatar: { type: "avatar", image_url: avatar } } : {}),
        app: {
          type: "app",
          id_code: "fake",
          name: "Fake workspace",
          region: "US",
          timezone: "Etc/UTC",
          created_at: 0,
          identity_verification: false,
        },
      },
    };
  });
  on("GET", "/admins", () => ({ json: { type: "admin.list", admins: [...state.admins.values()] } }));
  on("GET", "/admins/{id}", getById(state.admins, "admin"));

  // ---- contacts
  const contactConflict = (body: Record<string, unknown>, except?: string) => {
    for (const contact of state.contacts.values()) {
      if (contact.id === except) continue;
      const email = str(body["email"]);
      const externalId = str(body["external_id"]);
      if (
        (email && contact.email?.toLowerCase() === email.toLowerCase()) ||
        (externalId && contact.external_id === externalId)
      )
        return failure(
          409,
          "conflict",
          `A contact matching those details already exists with id=${contact.id}`,
        );
    }
    return undefined;
  };
  const contactProblem = (body: Record<string, unknown>) => {
    if (body["role"] !== undefined && body["role"] !== "user" && body["role"] !== "lead")
      return failure(400, "parameter_invalid", "role must be user or lead");
    if (body["email"] !== undefined && body["email"] !== null && typeof body["email"] !== "string")
      return failure(400, "parameter_invalid", "email must be a string");
    return undefined;
  };
  on("POST", "/contacts", ({ json }) => {
    const body = fieldsOf(json);
    if (!str(body["email"]) && !str(body["external_id"]) && !str(body["role"]))
      return failure(400, "parameter_not_found", "One of email, external_id or role is required");
    const problem = contactProblem(body) ?? contactConflict(body);
    if (problem) return problem;
    const id = state.nextId();
    const contact = { ...contactDefaults(id, now()), ...pick(body, CONTACT_FIELDS) } as Contact;
    state.contacts.set(id, contact);
    return { json: contact };
  });
  on("GET", "/contacts", ({ query }) => cursorList([...state.contacts.values()], query, 50, listOf));
  on("GET", "/contacts/{id}", getById(state.contacts, "user"));
  on("PUT", "/contacts/{id}", ({ params, json }) => {
    const contact = state.contacts.get(params.id);
    if (!contact) return notFound("user", params.id);
    const body = fieldsOf(json);
    const problem = contactProblem(body) ?? contactConflict(body, contact.id);
    if (problem) return problem;
    const updated = { ...contact, ...pick(body, CONTACT_FIELDS), updated_at: now() } as Contact;
    state.contacts.set(contact.id, updated);
    return { json: updated };
  });
  on("DELETE", "/contacts/{id}", ({ params }) => {
    const contact = state.contacts.get(params.id);
    if (!contact) return notFound("user", params.id);
    state.contacts.delete(contact.id);
    return {
      json: { type: "contact", id: contact.id, external_id: contact.external_id ?? null, deleted: true },
    };
  });
  on("POST", "/contacts/search", ({ json }) => searchList(state.contacts.values(), json, 50, listOf));

  // ---- tags (and tagging contacts and conversations)
  on("GET", "/tags", () => ({ json: { type: "list", data: [...state.tags.values()] } }));
  on("POST", "/tags", ({ json }) => {
    const body = fieldsOf(json);
    const name = str(body["name"]);
    if (!name) return failure(400, "parameter_not_found", "name is required");
    const id = str(body["id"]);
    if (id) {
      const tag = state.tags.get(id);
      if (!tag) return notFound("tag", id);
      const renamed = { ...tag, name };
      state.tags.set(id, renamed);
      return { json: renamed };
    }
    const existing = [...state.tags.values()].find((tag) => tag.name === name);
    if (existing) return { json: existing };
    const tag: Tag = { type: "tag", id: state.nextId(), name, applied_at: now() };
    state.tags.set(tag.id, tag);
    return { json: tag };
  });
  on("GET", "/tags/{id}", getById(state.tags, "tag"));
  on("DELETE", "/tags/{id}", ({ params }) => {
    if (!state.tags.delete(params.id)) return notFound("tag", params.id);
    return { status: 200 };
  });
  const tagOf = (json: unknown) => {
    const id = str(fieldsOf(json)["id"]);
    return id === undefined ? undefined : state.tags.get(id);
  };
  const missingTag = (json: unknown) => notFound("tag", String(fieldsOf(json)["id"] ?? ""));
  on("GET", "/contacts/{contact_id}/tags", ({ params }) => {
    const contact = state.contacts.get(params.contact_id);
    if (!contact) return notFound("user", params.contact_id);
    const ids = new Set((contact.tags?.data ?? []).map((tag: Ref) => tag.id));
    return { json: { type: "list", data: [...state.tags.values()].filter((tag) => ids.has(tag.id)) } };
  });
  /**
   * Links a tag or a company to a contact, or unlinks it: the contact's list of them (references
   * `{ type, id, url }`) drops any to the record, and a link adds one last. Answers with the record,
   * or Intercom's 404 for a contact, then a record, that is not there (`missing` says which).
   */
  const relinkContact = <T extends Tag | Company>(
    contactId: string,
    list: "tags" | "companies",
    change: "link" | "unlink",
    recordFor: (contact: Contact) => T | undefined,
    missing: () => ReturnType<typeof notFound>,
  ) => {
    const contact = state.contacts.get(contactId);
    if (!contact) return notFound("user", contactId);
    const record = recordFor(contact);
    if (!record) return missing();
    // The list without any reference to the record, then with `ref` last on a link.
    const relisted = <R extends Ref>(refs: { data?: R[] } | null | undefined, ref: NoInfer<R>) => {
      const data = (refs?.data ?? []).filter((r) => r.id !== record.id);
      if (change === "link") data.push(ref);
      return { type: "list", ...refs, data, total_count: data.length };
    };
    const url = `/${list}/${record.id}`;
    state.contacts.set(
      contact.id,
      list === "tags"
        ? { ...contact, tags: relisted(contact.tags, { type: "tag", id: record.id, url }) }
        : { ...contact, companies: relisted(contact.companies, { type: "company", id: record.id, url }) },
    );
    return { json: record };
  };
  on("POST", "/contacts/{contact_id}/tags", ({ params, json }) =>
    relinkContact(
      params.contact_id,
      "tags",
      "link",
      () => tagOf(json),
      () => missingTag(json),
    ),
  );
  on("DELETE", "/contacts/{contact_id}/tags/{id}", ({ params }) =>
    relinkContact(
      params.contact_id,
      "tags",
      "unlink",
      () => state.tags.get(params.id),
      () => notFound("tag", params.id),
    ),
  );

  // ---- notes
  on("POST", "/contacts/{id}/notes", ({ params, json }) => {
    const contact = state.contacts.get(params.id);
    if (!contact) return notFound("user", params.id);
    const body = fieldsOf(json);
    if (!str(body["body"])) return failure(400, "parameter_not_found", "body is required");
    const author = state.admins.get(String(body["admin_id"] ?? state.me));
    const note = {
      type: "note",
      id: state.nextId(),
      created_at: now(),
      body: String(body["body"]),
      contact: { type: "contact", id: contact.id },
      ...(author ? { author } : {}),
    };
    state.notes.set(note.id, { ...note, contact_id: contact.id });
    return { json: note };
  });
  on("GET", "/contacts/{id}/notes", ({ params, query }) => {
    if (!state.contacts.has(params.id)) return notFound("user", params.id);
    const notes = [...state.notes.values()]
      .filter((note) => note.contact_id === params.id)
      .map(({ contact_id: _contact, ...note }) => note);
    return numberedList(notes, query, 50);
  });
  on("GET", "/notes/{id}", ({ params }) => {
    const stored = state.notes.get(params.id);
    if (!stored) return notFound("note", params.id);
    const { contact_id: _contact, ...note } = stored;
    return { json: note };
  });

  // ---- companies
  const COMPANY_FIELDS = [
    "name",
    "company_id",
    "plan",
    "size",
    "website",
    "industry",
    "custom_attributes",
    "monthly_spend",
  ];
  const companyJson = (body: Record<string, unknown>) => {
    const fields = pick(body, COMPANY_FIELDS);
    if (typeof fields["plan"] === "string")
      fields["plan"] = { type: "plan", id: fields["plan"], name: fields["plan"] };
    return fields;
  };
  on("POST", "/companies", ({ json }) => {
    const body = fieldsOf(json);
    const companyId = str(body["company_id"]);
    if (!companyId && !str(body["name"]))
      return failure(400, "parameter_not_found", "company_id or name is required");
    const existing = [...state.companies.values()].find(
      (c) => companyId !== undefined && c.company_id === companyId,
    );
    const id = existing?.id ?? state.nextId();
    const company = {
      ...(existing ?? companyDefaults(id, companyId ?? id, now())),
      ...companyJson(body),
      updated_at: now(),
    };
    state.companies.set(id, company);
    return { json: company };
  });
  on("GET", "/companies", ({ query }) => {
    const perPage = perPageOf(query.get("per_page"), 15, 60);
    if (perPage === undefined) return invalidPerPage();
    const name = query.get("name");
    const companyId = query.get("company_id");
    const found = [...state.companies.values()].filter(
      (c) => (name === null || c.name === name) && (companyId === null || c.company_id === companyId),
    );
    if ((name !== null || companyId !== null) && found.length === 0)
      return notFound("company", companyId ?? name ?? "");
    const page = numberedPage(found, perPage, query.get("page"));
    return page ? listOf(page) : invalidPage();
  });
  on("POST", "/companies/list", ({ query }) => numberedList([...state.companies.values()], query, 15, 60));
  on("GET", "/companies/{id}", getById(state.companies, "company"));
  on("PUT", "/companies/{id}", ({ params, json }) => {
    const company = state.companies.get(params.id);
    if (!company) return notFound("company", params.id);
    const { company_id: _immutable, ...fields } = companyJson(fieldsOf(json));
    const updated = { ...company, ...fields, updated_at: now() };
    state.companies.set(company.id, updated);
    return { json: updated };
  });
  on("DELETE", "/companies/{id}", ({ params }) => {
    if (!state.companies.delete(params.id)) return notFound("company", params.id);
    return { json: { id: params.id, object: "company", deleted: true } };
  });
  const companiesOf = (contact: Contact) =>
    (contact.companies?.data ?? [])
      .map((c: Ref) => c.id)
      .filter((id: string | undefined) => id !== undefined);
  on("POST", "/contacts/{id}/companies", ({ params, json }) => {
    const companyId = String(fieldsOf(json)["id"] ?? "");
    return relinkContact(
      params.id,
      "companies",
      "link",
      () => state.companies.get(companyId),
      () => notFound("company", companyId),
    );
  });
  on("GET", "/contacts/{id}/companies", ({ params, query }) => {
    const contact = state.contacts.get(params.id);
    if (!contact) return notFound("user", params.id);
    const ids = companiesOf(contact);
    const companies = [...state.companies.values()].filter((c) => ids.includes(c.id));
    return numberedList(companies, query, 50);
  });
  on("DELETE", "/contacts/{contact_id}/companies/{id}", ({ params }) =>
    relinkContact(
      params.contact_id,
      "companies",
      "unlink",
      // Only a company the contact has: another is not found.
      (contact) => {
        const company = state.companies.get(params.id);
        return company && companiesOf(contact).includes(company.id) ? company : undefined;
      },
      () => notFound("company", params.id),
    ),
  );
  on("GET", "/companies/{id}/contacts", ({ params, query }) => {
    if (!state.companies.has(params.id)) return notFound("company", params.id);
    const contacts = [...state.contacts.values()].filter((c) => companiesOf(c).includes(params.id));
    return numberedList(contacts, query, 50);
  });

  // ---- conversations
  const save = (conversation: Conversation) => {
    state.conversations.set(conversation.id, { ...conversation, updated_at: now() });
    return state.conversations.get(conversation.id)!;
  };
  const addPart = (conversation: Conversation, part: Partial<ConversationPart> & { part_type: string }) => {
    const parts = conversation.conversation_parts?.conversation_parts ?? [];
    const author = fieldsOf(part.author);
    const added: ConversationPart = {
      type: "conversation_part",
      id: state.nextId(),
      body: null,
      created_at: now(),
      updated_at: now(),
      notified_at: now(),
      assigned_to: null,
      attachments: [],
      redacted: false,
      ...part,
      author: {
        type: String(author["type"] ?? "admin"),
        id: String(author["id"] ?? state.me),
        name: String(author["name"] ?? ""),
        email: String(author["email"] ?? ""),
      },
    };
    return {
      ...conversation,
      conversation_parts: {
        type: "conversation_part.list" as const,
        conversation_parts: [...parts, added],
        total_count: parts.length + 1,
      },
    };
  };
  const adminAuthor = (adminId: unknown) => {
    const admin = state.admins.get(String(adminId ?? ""));
    return admin
      ? { type: "admin", id: admin.id, name: admin.name ?? "", email: admin.email ?? "" }
      : undefined;
  };
  on("POST", "/conversations", ({ json }) => {
    const body = fieldsOf(json);
    const from = fieldsOf(body["from"]);
    const contact = state.contacts.get(String(from["id"] ?? ""));
    if (!contact) return notFound("user", String(from["id"] ?? ""));
    if (!str(body["body"])) return failure(400, "parameter_not_found", "body is required");
    const id = state.nextId();
    const created = now();
    state.conversations.set(id, {
      ...conversationDefaults(id, created),
      source: {
        type: "conversation",
        id: state.nextId(),
        delivered_as: "customer_initiated",
        subject: "",
        body: String(body["body"]),
        author: { type: "user", id: contact.id, name: contact.name ?? "", email: contact.email ?? "" },
        attachments: [],
        redacted: false,
      },
      contacts: {
        type: "contact.list",
        contacts: [{ type: "contact", id: contact.id, external_id: contact.external_id ?? null }],
      },
    });
    return {
      json: {
        type: "user_message",
        id: state.nextId(),
        created_at: created,
        body: String(body["body"]),
        message_type: "inapp",
        conversation_id: id,
      },
    };
  });
  on("GET", "/conversations", ({ query }) =>
    cursorList([...state.conversations.values()], query, 20, conversationListOf),
  );
  on("GET", "/conversations/{id}", getById(state.conversations, "conversation"));
  on("PUT", "/conversations/{id}", ({ params, json }) => {
    const conversation = state.conversations.get(params.id);
    if (!conversation) return notFound("conversation", params.id);
    const body = fieldsOf(json);
    return {
      json: save({
        ...conversation,
        ...(typeof body["read"] === "boolean" ? { read: body["read"] } : {}),
        ...(typeof body["title"] === "string" ? { title: body["title"] } : {}),
        ...(body["custom_attributes"] !== undefined
          ? {
              custom_attributes: {
                ...conversation.custom_attributes,
                ...fieldsOf(body["custom_attributes"]),
              },
            }
          : {}),
      } as Conversation),
    };
  });
  on("POST", "/conversations/{id}/reply", ({ params, json }) => {
    const conversation = state.conversations.get(params.id);
    if (!conversation) return notFound("conversation", params.id);
    const body = fieldsOf(json);
    const messageType = body["message_type"];
    if (messageType !== "comment" && messageType !== "note" && messageType !== "quick_reply")
      return failure(400, "parameter_invalid", "message_type must be comment, note or quick_reply");
    let author;
    if (body["type"] === "admin") {
      author = adminAuthor(body["admin_id"]);
      if (!author) return notFound("admin", String(body["admin_id"] ?? ""));
    } else if (body["type"] === "user") {
      const id = body["intercom_user_id"] ?? body["user_id"];
      const contact =
        state.contacts.get(String(id ?? "")) ??
        [...state.contacts.values()].find(
          (c) => (str(body["email"]) && c.email === body["email"]) || c.external_id === body["user_id"],
        );
      if (!contact) return notFound("user", String(id ?? body["email"] ?? ""));
      author = { type: "user", id: contact.id, name: contact.name ?? "", email: contact.email ?? "" };
    } else return failure(400, "parameter_invalid", "type must be admin or user");
    if (messageType !== "quick_reply" && !str(body["body"]))
      return failure(400, "parameter_not_found", "body is required");
    const reopened = body["type"] === "user" ? { state: "open" as const, open: true } : {};
    return {
      json: save({
        ...addPart(conversation, { part_type: messageType, body: String(body["body"] ?? ""), author }),
        ...reopened,
      }),
    };
  });
  on("POST", "/conversations/{id}/parts", ({ params, json }) => {
    const conversation = state.conversations.get(params.id);
    if (!conversation) return notFound("conversation", params.id);
    const body = fieldsOf(json);
    const author = adminAuthor(body["admin_id"]);
    if (!author) return notFound("admin", String(body["admin_id"] ?? ""));
    const text = str(body["body"]) ?? null;
    const messageType = body["message_type"];
    switch (messageType) {
      case "close":
      case "open": {
        const open = messageType === "open";
        return {
          json: save({
            ...addPart(conversation, { part_type: messageType, body: text, author }),
            state: open ? "open" : "closed",
            open,
            snoozed_until: null,
          }),
        };
      }
      case "snoozed": {
        const until = Number(body["snoozed_until"]);
        if (!Number.isInteger(until) || until <= now())
          return failure(
            400,
            "parameter_invalid",
            "snoozed_until must be a time in the future (Unix seconds)",
          );
        return {
          json: save({
            ...addPart(conversation, { part_type: "snoozed", body: text, author }),
            state: "snoozed",
            open: true,
            snoozed_until: until,
          }),
        };
      }
      case "assignment": {
        const assignee = String(body["assignee_id"] ?? "");
        const team = body["type"] === "team";
        if (!team && assignee !== "0" && !state.admins.has(assignee)) return notFound("admin", assignee);
        const assigned = team
          ? { team_assignee_id: assignee }
          : {
              admin_assignee_id:
                assignee === "0" ? null : Number.isNaN(Number(assignee)) ? null : Number(assignee),
            };
        return {
          json: save({
            ...addPart(conversation, {
              part_type: "assignment",
              body: text,
              author,
              assigned_to: { type: team ? "team" : "admin", id: assignee },
            }),
            ...assigned,
          } as Conversation),
        };
      }
      default:
        return failure(400, "parameter_invalid", "message_type must be close, open, snoozed or assignment");
    }
  });
  on("POST", "/conversations/search", ({ json }) =>
    searchList(state.conversations.values(), json, 20, conversationListOf),
  );
  on("POST", "/conversations/{conversation_id}/tags", ({ params, json }) => {
    const conversation = state.conversations.get(params.conversation_id);
    if (!conversation) return notFound("conversation", params.conversation_id);
    const tag = tagOf(json);
    if (!tag) return missingTag(json);
    const tags = (conversation.tags?.tags ?? []).filter((t: Ref) => t.id !== tag.id);
    save({ ...conversation, tags: { type: "tag.list", tags: [...tags, { ...tag, applied_at: now() }] } });
    return { json: tag };
  });
  on("DELETE", "/conversations/{conversation_id}/tags/{id}", ({ params }) => {
    const conversation = state.conversations.get(params.conversation_id);
    if (!conversation) return notFound("conversation", params.conversation_id);
    const tag = state.tags.get(params.id);
    if (!tag) return notFound("tag", params.id);
    save({
      ...conversation,
      tags: { type: "tag.list", tags: (conversation.tags?.tags ?? []).filter((t: Ref) => t.id !== tag.id) },
    });
    return { json: tag };
  });

  // ---- tickets
  on("POST", "/tickets", ({ json }) => {
    const body = fieldsOf(json);
    if (!str(body["ticket_type_id"]))
      return failure(400, "parameter_not_found", "ticket_type_id is required");
    const refs = Array.isArray(body["contacts"]) ? body["contacts"].map(fieldsOf) : [];
    if (refs.length === 0) return failure(400, "parameter_not_found", "contacts is required");
    const contacts: Contact[] = [];
    for (const ref of refs) {
      const contact = [...state.contacts.values()].find(
        (c) =>
          c.id === ref["id"] ||
          (ref["external_id"] !== undefined && c.external_id === ref["external_id"]) ||
          (ref["email"] !== undefined && c.email === ref["email"]),
      );
      if (!contact) return notFound("user", String(ref["id"] ?? ref["external_id"] ?? ref["email"] ?? ""));
      contacts.push(contact);
    }
    const id = state.nextId();
    const ticket = {
      ...ticketDefaults(id, now()),
      ticket_type: { type: "ticket_type", id: String(body["ticket_type_id"]) },
      ticket_attributes: fieldsOf(body["ticket_attributes"]) as Record<string, string>,
      contacts: {
        type: "contact.list" as const,
        contacts: contacts.map((c) => ({
          type: "contact" as const,
          id: c.id,
          external_id: c.external_id ?? "",
        })),
      },
    };
    state.tickets.set(id, ticket);
    return { json: ticket };
  });
  on("GET", "/tickets/{id}", getById(state.tickets, "ticket"));
  on("PUT", "/tickets/{id}", ({ params, json }) => {
    const ticket = state.tickets.get(params.id);
    if (!ticket) return notFound("ticket", params.id);
    const body = fieldsOf(json);
    const states = ["in_progress", "waiting_on_customer", "resolved"];
    if (body["state"] !== undefined && !states.includes(String(body["state"])))
      return failure(400, "parameter_invalid", `state must be one of ${states.join(", ")}`);
    const updated = {
      ...ticket,
      ...(body["state"] !== undefined ? { ticket_state: body["state"] as "in_progress" } : {}),
      ...(typeof body["open"] === "boolean" ? { open: body["open"] } : {}),
      ...(body["ticket_attributes"] !== undefined
        ? {
            ticket_attributes: {
              ...ticket.ticket_attributes,
              ...(fieldsOf(body["ticket_attributes"]) as Record<string, string>),
            },
          }
        : {}),
      updated_at: now(),
    };
    state.tickets.set(ticket.id, updated);
    return { json: updated };
  });
  on("POST", "/tickets/search", ({ json }) =>
    searchList(state.tickets.values(), json, 20, ({ slice, total_count, pages }) => ({
      json: { type: "ticket.list" as const, tickets: slice, total_count, pages },
    })),
  );

  // ---- data events
  const contactFor = (ids: Record<string, unknown>) =>
    [...state.contacts.values()].find(
      (c) =>
        (ids["intercom_user_id"] ?? ids["id"]) === c.id ||
        (ids["user_id"] !== undefined && ids["user_id"] === c.external_id) ||
        (ids["email"] !== undefined && ids["email"] === c.email),
    );
  on("POST", "/events", ({ json }) => {
    const body = fieldsOf(json);
    if (!str(body["event_name"])) return failure(400, "parameter_not_found", "event_name is required");
    const contact = contactFor(body);
    if (!contact) return notFound("user", String(body["id"] ?? body["user_id"] ?? body["email"] ?? ""));
    state.events.push({
      type: "event",
      event_name: String(body["event_name"]),
      created_at: typeof body["created_at"] === "number" ? body["created_at"] : now(),
      intercom_user_id: contact.id,
      ...(contact.external_id ? { user_id: contact.external_id } : {}),
      ...(contact.email ? { email: contact.email } : {}),
      ...(body["metadata"] !== undefined
        ? { metadata: fieldsOf(body["metadata"]) as Record<string, string> }
        : {}),
    });
    return { status: 202 };
  });
  on("GET", "/events", ({ query, url }) => {
    if (query.get("type") !== "user") return failure(400, "parameter_invalid", "type must be user");
    const ids = Object.fromEntries(query);
    if (!ids["intercom_user_id"] && !ids["user_id"] && !ids["email"])
      return failure(400, "parameter_not_found", "one of intercom_user_id, user_id or email is required");
    const contact = contactFor(ids);
    if (!contact) return notFound("user", ids["intercom_user_id"] ?? ids["user_id"] ?? ids["email"] ?? "");
    const perPage = perPageOf(query.get("per_page"), 50);
    if (perPage === undefined) return invalidPerPage();
    const offset = Number(query.get("offset") ?? 0);
    if (!Number.isInteger(offset) || offset < 0)
      return failure(400, "parameter_invalid", "offset is not one this list gave");
    // Newest first, as Intercom lists them; pages.next is the next page's URL.
    const events = state.events.filter((e) => e.intercom_user_id === contact.id).reverse();
    const slice = events.slice(offset, offset + perPage);
    const next = new URL(url);
    next.searchParams.set("offset", String(offset + slice.length));
    return {
      json: {
        type: "event.list",
        events: slice,
        pages: offset + slice.length < events.length ? { next: next.toString() } : {},
      },
    };
  });
}
