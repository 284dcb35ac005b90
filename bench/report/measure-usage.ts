import type { DynamoUsage } from '../bench-result.js';
import type { ProxySnapshot } from '../dynamo/counting-proxy.js';

const round = (value: number, digits = 3): number => {
  const factor = 10 ** digits;
  return Math.round(value * factor) / factor;
};

/** DynamoDB usage per request from the proxy's counts and the requests the target received. */
export function usagePerRequest(tally: ProxySnapshot, requests: number): DynamoUsage {
  const per = (value: number): number => (requests > 0 ? value / requests : 0);
  return {
    operations: tally.operations,
    reads: tally.reads,
    writes: tally.writes,
    readsPerRequest: round(per(tally.reads)),
    writesPerRequest: round(per(tally.writes)),
    readUnitsPer1000: round(per(tally.readUnits) * 1000, 1),
    writeUnitsPer1000: round(per(tally.writeUnits) * 1000, 1),
  };
}
