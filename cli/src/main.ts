import { createInterface } from "node:readline/promises";
import { parseArgs } from "node:util";
import { CliError } from "./client.ts";
import { download, list, login, logout, status, upload } from "./commands.ts";

const USAGE = `coursecast <command>

  login [--api URL] --email E     password from $COURSECAST_PASSWORD or a prompt
  upload <files…> [--title T]     resumable multipart upload with a progress bar
  status <id> [--watch]           state and processing progress (live with --watch)
  list                            your videos
  download <id> --format mp4|mp3 [--out FILE]
  logout

The API URL defaults to $COURSECAST_API_URL or http://127.0.0.1:8787.`;

async function askPassword(): Promise<string> {
  if (process.env.COURSECAST_PASSWORD) return process.env.COURSECAST_PASSWORD;
  if (!process.stdin.isTTY)
    throw new CliError("no password: set COURSECAST_PASSWORD or run in a terminal");
  const rl = createInterface({ input: process.stdin, output: process.stderr, terminal: true });
  // Mute the echo of what is typed.
  (rl as unknown as { _writeToOutput: (s: string) => void })._writeToOutput = () => undefined;
  process.stderr.write("Password: ");
  const password = await rl.question("");
  rl.close();
  process.stderr.write("\n");
  return password;
}

async function main(argv: string[]): Promise<void> {
  const { positionals, values } = parseArgs({
    args: argv,
    allowPositionals: true,
    options: {
      api: { type: "string" },
      email: { type: "string" },
      title: { type: "string" },
      format: { type: "string" },
      out: { type: "string" },
      watch: { type: "boolean", default: false },
      help: { type: "boolean", short: "h", default: false },
    },
  });
  const [command, ...args] = positionals;
  const apiUrl = values.api ?? process.env.COURSECAST_API_URL ?? "http://127.0.0.1:8787";
  switch (values.help ? "help" : command) {
    case "login":
      if (!values.email) throw new CliError("login needs --email");
      return login(apiUrl, values.email, await askPassword());
    case "logout":
      return logout();
    case "upload":
      if (args.length === 0) throw new CliError("upload needs at least one file");
      return upload(args, values.title);
    case "list":
      return list();
    case "status":
      if (!args[0]) throw new CliError("status needs a video id");
      return status(args[0], values.watch);
    case "download":
      if (!args[0] || (values.format !== "mp4" && values.format !== "mp3")) {
        throw new CliError("download needs a video id and --format mp4|mp3");
      }
      return download(args[0], values.format, values.out);
    default:
      process.stdout.write(`${USAGE}\n`);
      if (command && command !== "help") throw new CliError(`unknown command: ${command}`);
  }
}

main(process.argv.slice(2)).catch((err: unknown) => {
  process.stderr.write(`coursecast: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
