// Career levels for the Juniper Transit web team, as our handbook site loads them.
export const levels = [
  {
    id: "w1",
    title: "Web Developer 1",
    expectations: ["Builds pages from the design system", "Fixes bugs reported by riders"],
  },
  {
    id: "w2",
    title: "Web Developer 2",
    expectations: ["Builds whole journeys such as ticket purchase", "Reviews other developers' code"],
  },
];
