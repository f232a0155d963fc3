export { PatchDiff, type PatchDiffProps } from "./patch-diff";
export {
  type PatchFileView,
  type PatchHunkView,
  type PatchRowView,
  type PatchView,
  patchView,
} from "./patch-view-model";
