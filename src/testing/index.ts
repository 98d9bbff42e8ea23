/// <reference types="node" />
// intercom-fetch/testing: a fake Intercom for users' tests (Node only: it listens on 127.0.0.1).
// The main entry never imports this file.
export { createFakeIntercom, type FakeIntercom, type FakeIntercomOptions } from "./fake.js";
export { signWebhook, type SignedWebhook, type SignWebhookOptions } from "./webhook.js";
export type {
  AnswerFault,
  Fault,
  FaultSchedule,
  RecordedRequest,
  Reply,
  RequestHeaders,
  ScheduledFault,
} from "./engine.js";
export type {
  FakeMethod,
  FakePath,
  FakeReply,
  FakeRequest,
  JsonValue,
  OnFunction,
  OtherStatus,
  SuccessStatus,
} from "./handler-types.js";
export type { FixedWindow } from "./rate-window.js";
export type { FakeSeed, FakeState, StoredNote } from "./state.js";
