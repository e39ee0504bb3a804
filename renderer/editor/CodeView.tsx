import { useEffect, useRef } from 'react';
import { monaco, monacoTheme } from './monaco-setup';

/** Where a context menu was asked for, in the text and on screen. */
export interface CodeViewSpot {
  /** Offset in the text under the pointer (or the cursor, from the keyboard). */
  offset: number;
  /** The selected text, if any. */
  selection: string;
  x: number;
  y: number;
}

interface CodeViewProps {
  value: string;
  language: 'json' | 'xml' | 'plaintext';
  label: string;
  /**
   * Trestle's own context menu instead of Monaco's developer one (issue 12): right-click, or
   * Shift+F10 / the context-menu key at the cursor.
   */
  onContextMenu?(spot: CodeViewSpot): void;
}

/**
 * Monaco's word separators without `-`: a double-click selects a whole UUID
 * (`3c1a5b0e-…-000000000001`), not one of its five parts.
 */
const WORD_SEPARATORS = '`~!@#$%^&*()=+[{]}\\|;:\'",.<>/?';

/** A read-only Monaco view (Pretty tab). */
export function CodeView({ value, language, label, onContextMenu }: CodeViewProps) {
  const host = useRef<HTMLDivElement>(null);
  const editor = useRef<monaco.editor.IStandaloneCodeEditor | null>(null);
  const menuRef = useRef(onContextMenu);
  menuRef.current = onContextMenu;

  useEffect(() => {
    if (!host.current) return;
    const view = monaco.editor.create(host.current, {
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
      contextmenu: false,
      wordSeparators: WORD_SEPARATORS,
    });
    editor.current = view;
    const selectionText = () => {
      const selection = view.getSelection();
      return selection ? (view.getModel()?.getValueInRange(selection) ?? '') : '';
    };
    const mouse = view.onContextMenu((event) => {
      const model = view.getModel();
      const position = event.target.position;
      if (!model || !position || !menuRef.current) return;
      event.event.preventDefault();
      menuRef.current({
        offset: model.getOffsetAt(position),
        selection: selectionText(),
        x: event.event.posx,
        y: event.event.posy,
      });
    });
    const keyboard = view.addAction({
      id: 'trestle.valueMenu',
      label: 'Value actions (copy, set as variable)',
      keybindings: [monaco.KeyMod.Shift | monaco.KeyCode.F10, monaco.KeyCode.ContextMenu],
      run: () => {
        const model = view.getModel();
        const position = view.getPosition();
        if (!model || !position || !menuRef.current) return;
        const at = view.getScrolledVisiblePosition(position);
        const box = view.getDomNode()?.getBoundingClientRect();
        menuRef.current({
          offset: model.getOffsetAt(position),
          selection: selectionText(),
          x: (box?.left ?? 0) + (at?.left ?? 0),
          y: (box?.top ?? 0) + (at?.top ?? 0) + (at?.height ?? 0),
        });
      },
    });
    return () => {
      mouse.dispose();
      keyboard.dispose();
      view.getModel()?.dispose();
      view.dispose();
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
