// Only electron/ may import `electron` (DESIGN.md §2). The other Node folders' tsconfig maps the
// module name here, an empty module, so `import { app } from 'electron'` fails to compile.
export {};
