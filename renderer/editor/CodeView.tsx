import { useEffect, useRef } from 'react';
import { monaco, monacoTheme } from './monaco-setup';

interface CodeViewProps {
  value: string;
  language: 'json' | 'xml' | 'plaintext';
  label: string;
}

/** A read-only Monaco view (Pretty tab). */
export function CodeView({ value, language, label }: CodeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);

  useEffect(() => {
    if (!host.current) return;
    editor.current = monaco.editor.create(host.current, {
      value,
      language,
      readOnly: true,
      automaticLayout: true,
      minimap: { enabled: false },
      scrollBeyondLastLine: false,
      fontSize: 12,
      lineNumbersMinChars: 4,
      folding: true,
      theme: monacoTheme(),
      ariaLabel: label,
    });
    return () => {
      editor.current?.getModel()?.dispose();
      editor.current?.dispose();
      editor.current = null;
    };
  }, []);

  useEffect(() => {
    const model = editor.current?.getModel();
    if (!model) return;
    if (model.getValue() !== value) model.setValue(value);
    monaco.editor.setModelLanguage(model, language);
  }, [value, language]);

  return <div className="code-view" ref={host} data-testid="code-view" />;
}
