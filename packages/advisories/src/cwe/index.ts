export { type CweAbstraction, type CweEntry, type CweStatus, findCwe, searchCwe } from "./catalogue";
