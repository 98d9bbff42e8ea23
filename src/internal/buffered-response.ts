// The Response a call hands back once its body was read inside the attempt (so that the timeout
// covered it and a failed read could be retried). A platform Response made from those bytes would put
// them through a second stream for openapi-fetch to read again (the largest cost in CPU profiles):
// this one answers text(), json() and arrayBuffer() from the bytes, and makes a stream (`body`,
// clone(), formData()) only when asked. Its headers and URL are the response's own, not copies.
/** Which operation the response answers (the client's ResponseOperation). */
type Operation = { method: string; path: string; readOnly: boolean };

const decoder = new TextDecoder();
const EMPTY = new Uint8Array(0);

export class BufferedResponse extends Response {
  #bytes: Uint8Array<ArrayBuffer>;
  readonly #init: ResponseInit & { headers: Headers };
  readonly #url: string;
  /** The platform Response behind `body`, made on first use. */
  #stream: Response | undefined;
  #used = false;

  constructor(
    bytes: Uint8Array<ArrayBuffer>,
    init: ResponseInit & { headers: Headers },
    url: string,
    readonly operation: Operation,
  ) {
    super(null, { status: init.status, statusText: init.statusText });
    this.#bytes = bytes;
    this.#init = init;
    this.#url = url;
  }

  override get url(): string {
    return this.#url;
  }
  override get headers(): Headers {
    return this.#init.headers;
  }

  /** The body as bytes, once (as a platform Response's: a second read is a TypeError). */
  #take(): Uint8Array<ArrayBuffer> {
    if (this.bodyUsed) throw new TypeError("Body is unusable: Body has already been read");
    this.#used = true;
    // Read is read: the response (kept by a page, say) no longer holds the bytes.
    const bytes = this.#bytes;
    this.#bytes = EMPTY;
    return bytes;
  }

  #platform(): Response {
    this.#stream ??= new Response(this.#bytes.byteLength > 0 ? this.#bytes : null, this.#init);
    return this.#stream;
  }

  override get body(): ReadableStream<Uint8Array<ArrayBuffer>> | null {
    return this.#used ? null : this.#platform().body;
  }
  override get bodyUsed(): boolean {
    return this.#used || (this.#stream?.bodyUsed ?? false);
  }
  override async text(): Promise<string> {
    return decoder.decode(this.#take());
  }
  override async json(): Promise<unknown> {
    return JSON.parse(decoder.decode(this.#take()));
  }
  override async arrayBuffer(): Promise<ArrayBuffer> {
    return this.#take().slice().buffer;
  }
  override async blob(): Promise<Blob> {
    return new Blob([this.#take()], { type: this.headers.get("content-type") ?? "" });
  }
  override formData(): Promise<FormData> {
    return this.#platform().formData();
  }
  override clone(): Response {
    if (this.bodyUsed) throw new TypeError("Response.clone: Body has already been consumed.");
    // A copy parses for itself: its reader may change what it gets.
    return new BufferedResponse(this.#bytes, this.#init, this.#url, this.operation);
  }
}
