import { readFirstPage } from './first-page';
import './style.css';

// The database opens and gives the first cards while the rest of the panel (Preact, the views,
// the sanitizer…) is fetched, compiled and run: this first script holds only that read.
const firstPage = readFirstPage();
void import('./start').then(({ startPanel }) => startPanel(firstPage));
