/**
 * RabbitMQ took a per-queue consumer timeout (the `x-consumer-timeout` queue argument,
 * the `consumer-timeout` policy key) in 3.12. This worker still does not declare it:
 * redeclaring an existing quorum queue with a new argument fails with
 * PRECONDITION_FAILED, so adopting it needs a migration (a policy, or a new queue). Until
 * then the early-ack lease is what keeps long jobs from being redelivered; the version is
 * read only to log which mechanism a deployment could use.
 */
export const PER_QUEUE_CONSUMER_TIMEOUT_SINCE = [3, 12] as const;

/** Whether a broker reporting `version` (AMQP server properties) has a per-queue timeout. */
export function supportsPerQueueConsumerTimeout(version: string | undefined): boolean {
  const match = /^(\d+)\.(\d+)/.exec(version ?? "");
  if (!match) return false;
  const [major, minor] = [Number(match[1]), Number(match[2])];
  const [sinceMajor, sinceMinor] = PER_QUEUE_CONSUMER_TIMEOUT_SINCE;
  return major > sinceMajor || (major === sinceMajor && minor >= sinceMinor);
}
