import { connectionChangeSchema, type ConnectionChange } from '../../../shared/siteops/connections';

/** What the user typed; empty means "leave as it is". The password lives here only until a run. */
export interface ChangeDraft {
  serverAddress: string;
  serverPort: string;
  userName: string;
  password: string;
  embed: 'keep' | 'embed' | 'noEmbed';
}

export const EMPTY_DRAFT: ChangeDraft = {
  serverAddress: '',
  serverPort: '',
  userName: '',
  password: '',
  embed: 'keep',
};

/** The change to send, or why it cannot be sent as typed. */
export function changeOf(
  draft: ChangeDraft,
): { change: ConnectionChange; error: null } | { change: null; error: string } {
  const parsed = connectionChangeSchema.safeParse({
    ...(draft.serverAddress.trim() ? { serverAddress: draft.serverAddress.trim() } : {}),
    ...(draft.serverPort.trim() ? { serverPort: draft.serverPort.trim() } : {}),
    ...(draft.userName.trim() ? { userName: draft.userName.trim() } : {}),
    ...(draft.password ? { password: draft.password } : {}),
    ...(draft.embed === 'keep' ? {} : { embedPassword: draft.embed === 'embed' }),
  });
  if (parsed.success) return { change: parsed.data, error: null };
  return { change: null, error: parsed.error.issues[0]?.message ?? 'The change is not valid.' };
}

/** New server address, port, user name, password (a secret) and whether to embed it. */
export function ConnectionChangeForm({
  draft,
  onChange,
  disabled,
}: {
  draft: ChangeDraft;
  onChange(draft: ChangeDraft): void;
  disabled: boolean;
}) {
  const set = (patch: Partial<ChangeDraft>) => onChange({ ...draft, ...patch });
  return (
    <fieldset className="conn-change-form" disabled={disabled}>
      <legend>The change (empty fields stay as they are)</legend>
      <label>
        New server address
        <input
          type="text"
          value={draft.serverAddress}
          spellCheck={false}
          placeholder="db2.example.com"
          onChange={(e) => set({ serverAddress: e.target.value })}
        />
      </label>
      <label>
        New port
        <input
          type="text"
          inputMode="numeric"
          value={draft.serverPort}
          placeholder="5432"
          size={6}
          onChange={(e) => set({ serverPort: e.target.value })}
        />
      </label>
      <label>
        New user name
        <input
          type="text"
          value={draft.userName}
          spellCheck={false}
          autoComplete="off"
          onChange={(e) => set({ userName: e.target.value })}
        />
      </label>
      <label>
        New password
        <input
          type="password"
          value={draft.password}
          autoComplete="new-password"
          onChange={(e) => set({ password: e.target.value })}
        />
      </label>
      <label>
        Embed the password
        <select
          value={draft.embed}
          onChange={(e) => set({ embed: e.target.value as ChangeDraft['embed'] })}
        >
          <option value="keep">
            {draft.password ? 'Embed (with a new password)' : 'Leave as it is'}
          </option>
          <option value="embed">Embed</option>
          <option value="noEmbed">Do not embed</option>
        </select>
      </label>
      <p className="muted conn-secret-note">
        A password typed here goes to Tableau with the update and nowhere else: it is not saved,
        logged, put in the history or in the report, and the field is emptied when the run starts.
      </p>
    </fieldset>
  );
}
