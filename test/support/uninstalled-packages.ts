/**
 * Types of the packages the docs' snippets import that this repository does not install, as far as
 * the snippets use them, mirroring the real packages' declarations. Only the snippet spec reads it.
 */
export const UNINSTALLED_PACKAGE_TYPES = `
declare module '@aws-sdk/client-kms' {
  export interface DecryptCommandInput {
    CiphertextBlob: Uint8Array | undefined;
    KeyId?: string;
  }
  export interface DecryptCommandOutput {
    KeyId?: string;
    Plaintext?: Uint8Array;
  }
  export class DecryptCommand {
    constructor(input: DecryptCommandInput);
  }
  export class KMSClient {
    constructor(configuration: { region?: string });
    send(command: DecryptCommand): Promise<DecryptCommandOutput>;
  }
}
`;
