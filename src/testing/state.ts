// What a stateful fake remembers, seeded from a typed argument, and the shapes Intercom answers
// with: its error bodies, its list envelopes and its three ways of paging (a starting_after cursor
// in pages.next, a page number, a next link).
import type { apiVersion } from "../../generated/metadata.js";
import type * as named from "../../generated/named-types.js";
import type { OtherStatus } from "./handler-types.js";

// The stateful fake is written for Intercom 2.10, and type-checked against it. Against another
// version's types (src/ built for a later spec: `npm run check:version`, a bump in progress) its
// records go loose until it is ported; test/testing-kit.test.ts checks its answers against the
// adopted version's spec at run time, so a bump that changes them fails there.
// eslint-disable-next-line @typescript-eslint/no-explicit-any -- only on the loose side, see above
type Loose = { [key: string]: any };
/** T for the version the fake is written for (2.10); a loose record for any other. */
type Pinned<T> = typeof apiVersion extends "2.10" ? T : Loose;

type Admin = Pinned<named.Admin>;
export type Company = Pinned<named.Company>;
export type Contact = Pinned<named.Contact>;
export type Conversation = Pinned<named.Conversation>;
export type ConversationPart = Pinned<named.ConversationPart>;
type DataEvent = Pinned<named.DataEvent>;
type Note = Pinned<named.Note>;
export type Tag = Pinned<named.Tag>;
type Ticket = Pinned<named.Ticket>;

/** Data a fake starts with. Every record needs only its `id` (and a data event its name). */
export interface FakeSeed {
  /** The admins of `/admins`; the first is `/me` unless `me` says. @default one admin, id "1" */
  admins?: Partial<Admin>[];
  /** The id of the admin `/me` answers with. @default the first admin's */
  me?: string;
  contacts?: Partial<Contact>[];
  companies?: Partial<Company>[];
  conversations?: Partial<Conversation>[];
  tickets?: Partial<Ticket>[];
  tags?: Partial<Tag>[];
  notes?: (Partial<Note> & { contact_id?: string })[];
  events?: (Partial<DataEvent> & { event_name: string })[];
}

/** A stored note, with the contact it is on. */
export type StoredNote = Note & { contact_id?: string };

/** The records of one fake, by id (insertion order is list order). Tests may read and change them. */
export interface FakeState {
  admins: Map<string, Admin>;
  me: string;
  contacts: Map<string, Contact>;
  companies: Map<string, Company>;
  conversations: Map<string, Conversation>;
  tickets: Map<string, Ticket>;
  tags: Map<string, Tag>;
  notes: Map<string, StoredNote>;
  events: DataEvent[];
  /** A new id: a numeric string ("1001", "1002"…), never a seeded one. */
  nextId(): string;
}

export const now = () => Math.floor(Date.now() / 1000);

export function adminOf(seed: Partial<Admin>, id: string): Admin {
  return {
    type: "admin",
    id,
    name: `Admin ${id}`,
    email: `admin-${id}@example.com`,
    job_title: "",
    away_mode_enabled: false,
    away_mode_reassign: false,
    has_inbox_seat: true,
    team_ids: [],
    ...seed,
  };
}

export function createState(seed: FakeSeed = {}): FakeState {
  // Numeric strings, as most of Intercom's ids are (a note's is a number in the spec's paths), one
  // sequence for every kind, never one a seed took.
  const seeded = new Set(
    Object.values(seed).flatMap((items: unknown) =>
      Array.isArray(items) ? items.map((item) => String((item as { id?: unknown }).id)) : [],
    ),
  );
  let counter = 1000;
  const nextId = () => {
    while (seeded.has(String(++counter)));
    return String(counter);
  };
  const byId = <T>(items: T[]) => new Map(items.map((item) => [(item as { id: string }).id, item]));
  const admins = byId((seed.admins ?? [{}]).map((a, i) => adminOf(a, a.id ?? String(i + 1))));
  const time = now();
  const state: FakeState = {
    admins,
    me: seed.me ?? admins.keys().next().value ?? "1",
    contacts: byId(
      (seed.contacts ?? []).map((c) => ({
        ...contactDefaults(c.id ?? nextId(), time),
        ...c,
      })) as Contact[],
    ),
    companies: byId(
      (seed.companies ?? []).map((c) => {
        const id = c.id ?? nextId();
        return { ...companyDefaults(id, c.company_id ?? id, time), ...c };
      }),
    ),
    conversations: byId(
      (seed.conversations ?? []).map((c) => ({
        ...conversationDefaults(c.id ?? nextId(), time),
        ...c,
      })),
    ),
    tickets: byId((seed.tickets ?? []).map((t) => ({ ...ticketDefaults(t.id ?? nextId(), time), ...t }))),
    tags: byId(
      (seed.tags ?? []).map((t) => ({ type: "tag", name: t.id ?? "tag", ...t, id: t.id ?? nextId() })),
    ),
    notes: byId(
      (seed.notes ?? []).map((n) => ({
        type: "note",
        created_at: time,
        body: "",
        ...n,
        id: n.id ?? nextId(),
      })),
    ),
    events: (seed.events ?? []).map((e) => ({ type: "event", created_at: time, ...e })),
    nextId,
  };
  return state;
}

export function contactDefaults(id: string, time: number): Contact {
  return {
    type: "contact",
    id,
    workspace_id: "fake",
    external_id: null,
    role: "user",
    email: null,
    phone: null,
    name: null,
    avatar: null,
    owner_id: null,
    has_hard_bounced: false,
    marked_email_as_spam: false,
    unsubscribed_from_emails: false,
    created_at: time,
    updated_at: time,
    signed_up_at: null,
    last_seen_at: null,
    custom_attributes: {},
    tags: { type: "list", data: [], url: `/contacts/${id}/tags`, total_count: 0, has_more: false },
    notes: { type: "list", data: [], url: `/contacts/${id}/notes`, total_count: 0, has_more: false },
    companies: { type: "list", data: [], url: `/contacts/${id}/companies`, total_count: 0, has_more: false },
  };
}

export function companyDefaults(id: string, companyId: string, time: number): Company {
  return {
    type: "company",
    id,
    company_id: companyId,
    name: "",
    app_id: "fake",
    created_at: time,
    updated_at: time,
    remote_created_at: time,
    last_request_at: time,
    monthly_spend: 0,
    session_count: 0,
    user_count: 0,
    custom_attributes: {},
    tags: { type: "tag.list", tags: [] },
    segments: { type: "segment.list", segments: [] },
  };
}

export function conversationDefaults(id: string, time: number): Conversation {
  return {
    type: "conversation",
    id,
    title: null,
    created_at: time,
    updated_at: time,
    waiting_since: null,
    snoozed_until: null,
    open: true,
    state: "open",
    read: false,
    priority: "not_priority",
    admin_assignee_id: null,
    team_assignee_id: null,
    tags: { type: "tag.list", tags: [] },
    contacts: { type: "contact.list", contacts: [] },
    teammates: { type: "admin.list", admins: [] },
    conversation_parts: { type: "conversation_part.list", conversation_parts: [], total_count: 0 },
  };
}

export function ticketDefaults(id: string, time: number): Ticket {
  return {
    type: "ticket",
    id,
    ticket_id: id,
    category: "Customer",
    ticket_attributes: {},
    ticket_state: "submitted",
    created_at: time,
    updated_at: time,
    open: true,
    is_shared: false,
    contacts: { type: "contact.list", contacts: [] },
    ticket_parts: { type: "ticket_part.list", ticket_parts: [], total_count: 0 },
  };
}

let requestIds = 0;

/** Intercom's error body, with the status: `{ type: "error.list", request_id, errors: [{ code, message }] }`. */
export function failure(status: OtherStatus, code: string, message: string) {
  const id = `req-fake-state-${++requestIds}`;
  return {
    status,
    headers: { "X-Request-Id": id },
    json: { type: "error.list", request_id: id, errors: [{ code, message }] },
  };
}

export const notFound = (what: string, id: string) =>
  failure(404, "not_found", `${what} Not Found`.replace(/^\w/, (c) => c.toUpperCase()) + ` (id ${id})`);

/** An object's fields, or {} (the body of a request that is not a JSON object). */
export function fieldsOf(value: unknown): Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : {};
}

/** A starting_after cursor for the item at `index` (opaque to clients, as Intercom's are). */
export const encodeCursor = (index: number) => btoa(`after:${index}`).replace(/=+$/, "");
/** The index a cursor points at (none: 0); undefined for a cursor this fake did not give. */
export function decodeCursor(cursor: unknown): number | undefined {
  if (cursor === undefined || cursor === null || cursor === "") return 0;
  try {
    const index = Number(atob(String(cursor)).replace(/^after:/, ""));
    return Number.isInteger(index) && index >= 0 ? index : undefined;
  } catch {
    return undefined;
  }
}

/** A per_page value from a query or a body: a whole number 1 to max, else the default. */
export function perPageOf(value: unknown, fallback: number, max = 150): number | undefined {
  if (value === undefined || value === null || value === "") return fallback;
  const n = Number(value);
  return Number.isInteger(n) && n >= 1 && n <= max ? n : undefined;
}

/** One page by starting_after cursor: the items, and `pages` with `next` while more remain. */
export function cursorPage<T>(items: T[], perPage: number, startingAfter: unknown) {
  const start = decodeCursor(startingAfter);
  if (start === undefined) return undefined;
  const slice = items.slice(start, start + perPage);
  const end = start + slice.length;
  const pages = {
    type: "pages" as const,
    page: Math.floor(start / perPage) + 1,
    per_page: perPage,
    total_pages: Math.max(1, Math.ceil(items.length / perPage)),
    ...(end < items.length ? { next: { per_page: perPage, starting_after: encodeCursor(end) } } : {}),
  };
  return { slice, pages, total_count: items.length };
}

/** One page by page number (1-based): the items, and `pages` with the page and total. */
export function numberedPage<T>(items: T[], perPage: number, page: unknown) {
  const n = page === undefined || page === null || page === "" ? 1 : Number(page);
  if (!Number.isInteger(n) || n < 1) return undefined;
  const slice = items.slice((n - 1) * perPage, n * perPage);
  return {
    slice,
    pages: {
      type: "pages" as const,
      page: n,
      per_page: perPage,
      total_pages: Math.max(1, Math.ceil(items.length / perPage)),
    },
    total_count: items.length,
  };
}

/** Reads a dotted field (`custom_attributes.plan`, `source.author.email`) of a record. */
function fieldValue(record: unknown, field: string): unknown {
  let value: unknown = record;
  for (const key of field.split(".")) value = fieldsOf(value)[key];
  return value;
}

const OPERATORS = ["=", "!=", "IN", "NIN", ">", "<", "~", "!~", "^", "$"];

/** Whether a search query is well-formed (a message saying what is wrong, else undefined). */
export function queryProblem(query: unknown): string | undefined {
  const q = fieldsOf(query);
  if (q["operator"] === "AND" || q["operator"] === "OR") {
    if (!Array.isArray(q["value"])) return "AND and OR take a list of queries as value";
    for (const nested of q["value"]) {
      const problem = queryProblem(nested);
      if (problem) return problem;
    }
    return undefined;
  }
  if (typeof q["field"] !== "string") return "a query needs a field";
  if (!OPERATORS.includes(String(q["operator"]))) return `unknown operator ${String(q["operator"])}`;
  return undefined;
}

/** Evaluates one of Intercom's search queries against a record (a well-formed query: see queryProblem). */
export function matches(record: unknown, query: unknown): boolean {
  const q = fieldsOf(query);
  const operator = String(q["operator"]);
  if (operator === "AND") return (q["value"] as unknown[]).every((nested) => matches(record, nested));
  if (operator === "OR") return (q["value"] as unknown[]).some((nested) => matches(record, nested));
  const actual = fieldValue(record, String(q["field"]));
  const expected = q["value"];
  const text = (value: unknown) => String(value ?? "").toLowerCase();
  switch (operator) {
    case "=":
      return expected === null ? actual === null || actual === undefined : text(actual) === text(expected);
    case "!=":
      return expected === null ? actual !== null && actual !== undefined : text(actual) !== text(expected);
    case "IN":
      return Array.isArray(expected) && expected.some((v) => text(v) === text(actual));
    case "NIN":
      return Array.isArray(expected) && !expected.some((v) => text(v) === text(actual));
    case ">":
      return Number(actual) > Number(expected);
    case "<":
      return Number(actual) < Number(expected);
    case "~":
      return text(actual).includes(text(expected));
    case "!~":
      return !text(actual).includes(text(expected));
    case "^":
      return text(actual).startsWith(text(expected));
    default:
      return text(actual).endsWith(text(expected));
  }
}
