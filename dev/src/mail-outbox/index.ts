export { startMailOutbox, type MailOutbox, type OutboxMessage } from "./server.ts";
export { linkToken, readOutbox, waitForMail } from "./read-mail.ts";
