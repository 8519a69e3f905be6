export interface MailMessage {
  to: string;
  subject: string;
  text: string;
  html?: string;
}

/**
 * The port for outgoing mail. Embedded default: `.eml` files in FOYER_DATA_DIR/outbox with the
 * links logged; hosted: SMTP at SMTP_URL.
 */
export abstract class Mailer {
  abstract send(message: MailMessage): Promise<void>;
}
