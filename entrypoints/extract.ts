import { runExtraction } from '@/utils/extract/run';

// Injected on demand by the background with scripting.executeScript (no content script runs on
// every page). WXT returns main's value to executeScript.
export default defineUnlistedScript(() => runExtraction());
