// The CreativeAI credential as the trigger reads it (the credential type lives in
// credentials/CreativeAiApi.credentials.ts). Rule: the signing secret is the webhook secret when
// one is set, else the API key, which is what the service signs with.
export const CREDENTIAL_NAME = 'creativeAiApi';

export interface CreativeAiCredentials {
	apiKey: string;
	baseUrl?: string;
	webhookSecret?: string;
	allowPrivateCallbackUrls?: boolean;
}

export function signingSecret(credentials: CreativeAiCredentials): string {
	const secret = credentials.webhookSecret?.trim();
	return secret ? secret : credentials.apiKey;
}
