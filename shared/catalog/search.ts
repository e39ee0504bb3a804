import { families } from './families';
import type { Preset } from './types';

/**
 * Ranks presets for a free-text query. Every word must match somewhere (name, family, path
 * or id); matches in the name count most, and a name that starts with the query ranks first.
 */
export function rankPresets(presets: readonly Preset[], query: string): Preset[] {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  if (words.length === 0) return [...presets];
  const phrase = words.join(' ');
  const scored: { preset: Preset; score: number; index: number }[] = [];
  presets.forEach((preset, index) => {
    const name = preset.name.toLowerCase();
    const family = (familyNames.get(preset.family) ?? preset.family).toLowerCase();
    const path = preset.path.toLowerCase();
    const id = preset.id.toLowerCase();
    let score = 0;
    for (const word of words) {
      const inName = name.includes(word);
      const inOther =
        family.includes(word) ||
        path.includes(word) ||
        id.includes(word) ||
        preset.method.toLowerCase() === word;
      if (!inName && !inOther) return;
      score += inName ? 10 : 0;
      score += inOther ? 3 : 0;
      if (nameWords(name).includes(word)) score += 5;
    }
    if (name === phrase) score += 100;
    else if (name.startsWith(phrase)) score += 50;
    else if (name.includes(phrase)) score += 20;
    scored.push({ preset, score, index });
  });
  scored.sort((a, b) => b.score - a.score || a.index - b.index);
  return scored.map((entry) => entry.preset);
}

const familyNames = new Map(families.map((family) => [family.id, family.name]));

function nameWords(name: string): string[] {
  return name.split(/[^a-z0-9]+/);
}
