// Where the user guide lives, for "learn more" links in the extension pages. One place to change it when the
// project's home moves (packagers may point it at their own copy with VITE_DOCS_URL at build time).
const env = (import.meta as unknown as { env?: Record<string, string | undefined> }).env;

export const README_URL = env?.VITE_DOCS_URL?.trim() || 'https://github.com/smime-webmail/smime-webmail/blob/main/README.md';

/** The README section "Sending from Gmail: set up your OAuth client" (GitHub's heading anchor). */
export const SENDING_GUIDE_URL = `${README_URL}#sending-from-gmail-set-up-your-oauth-client`;

/** The README section "Sending from Outlook: register an application in Microsoft Entra". */
export const OUTLOOK_SENDING_GUIDE_URL = `${README_URL}#sending-from-outlook-register-an-application-in-microsoft-entra`;
