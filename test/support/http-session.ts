// A browser's cookie jar over real HTTP (fetch), for tests that run the bot as its own process.
export class HttpSession {
  cookie = "";

  constructor(private readonly address: string) {}

  private keep(response: Response): Response {
    for (const header of response.headers.getSetCookie()) {
      const pair = header.split(";")[0] ?? "";
      if (pair.startsWith("shiroi_admin=")) this.cookie = pair === "shiroi_admin=" ? "" : pair;
    }
    return response;
  }

  async get(url: string): Promise<Response> {
    return this.keep(
      await fetch(`${this.address}${url}`, { headers: { cookie: this.cookie }, redirect: "manual" }),
    );
  }

  async post(url: string, body: URLSearchParams | FormData): Promise<Response> {
    return this.keep(
      await fetch(`${this.address}${url}`, {
        method: "POST",
        headers: { cookie: this.cookie },
        body,
        redirect: "manual",
      }),
    );
  }

  async token(url: string): Promise<string> {
    const body = await (await this.get(url)).text();
    const match = /name="_csrf" value="([^"]+)"/.exec(body);
    if (!match?.[1]) throw new Error(`no CSRF token on ${url}`);
    return match[1];
  }

  async signIn(name: string, password: string): Promise<Response> {
    const _csrf = await this.token("/admin/login");
    return this.post("/admin/login", new URLSearchParams({ _csrf, username: name, password }));
  }

  /** Uploads an edition file to the check step. */
  async checkEdition(name: string, bytes: Uint8Array): Promise<Response> {
    const form = new FormData();
    form.set("_csrf", await this.token("/admin/editions"));
    form.set("edition", new Blob([bytes]), name);
    return this.post("/admin/editions/check", form);
  }
}
