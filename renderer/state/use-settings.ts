import { useCallback, useEffect, useState } from 'react';
import { settingsSchema, type Settings } from '../../shared/documents';
import { call } from '../api';
import { withLoadedMonaco } from '../editor/lazy-editors';

/** Every setting's default, from the schema, until main answers with the stored ones. */
const DEFAULTS: Settings = settingsSchema.parse({});
const THEME_KEY = 'trestle.theme';

function applyTheme(theme: Settings['theme']): void {
  if (theme === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = theme;
  withLoadedMonaco((m) => m.syncMonacoTheme());
}

/** App settings from main; the theme also sits in localStorage so the first paint is right. */
export function useSettings() {
  const [settings, setSettings] = useState<Settings>(() => ({
    ...DEFAULTS,
    theme: (localStorage.getItem(THEME_KEY) as Settings['theme']) || 'system',
  }));
  useEffect(() => applyTheme(settings.theme), [settings.theme]);
  useEffect(() => {
    call('settings:get').then(
      (stored) =>
        setSettings((s) => ({
          ...stored,
          theme: localStorage.getItem(THEME_KEY) ? s.theme : stored.theme,
        })),
      () => undefined,
    );
  }, []);
  const update = useCallback((patch: Partial<Settings>) => {
    setSettings((prev) => {
      const next = { ...prev, ...patch };
      if (patch.theme) localStorage.setItem(THEME_KEY, patch.theme);
      void call('settings:put', next).catch(() => undefined);
      return next;
    });
  }, []);
  return { settings, update };
}
