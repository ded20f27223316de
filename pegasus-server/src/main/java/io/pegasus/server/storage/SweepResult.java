package io.pegasus.server.storage;

/**
 * What one TTL sweeper step did.
 *
 * @param examined records looked at
 * @param deleted expired records deleted
 * @param passComplete the step reached the end of the partition; the next step starts over
 * @param compacted the step's range was compacted to give the space back at once
 */
public record SweepResult(int examined, int deleted, boolean passComplete, boolean compacted) {}
